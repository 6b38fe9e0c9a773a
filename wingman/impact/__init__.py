"""Evaluation in the product: comparison pools, matched evaluations of reoffending run in the
background, expected versus observed, and what the difference is worth against the service's
cost."""
