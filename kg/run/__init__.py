"""The build machinery: where extraction runs (:mod:`kg.run.workers`), what it keeps between
builds (:mod:`kg.run.cache`) and how the collector is held off meanwhile (:mod:`kg.run.heap`).

:mod:`kg.pipeline` drives a build through it; nothing here knows the stages beyond
``extract_source`` (one document through ingest, segment and extract).
"""
