"""xkg: a knowledge graph of China's local-governance reporting.

The pipeline, one module per stage, plain data between stages::

    read -> normalise -> extract (places, officials, initiatives, outcomes) -> resolve -> rdf -> store

``graph.pipeline.process`` runs one article through every stage; ``graph.cli`` is the command line.
"""

__version__ = "0.1.0"
