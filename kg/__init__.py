"""policykg: Chinese policy texts in, a knowledge graph of policy measures out."""

__version__ = "0.1.0"
