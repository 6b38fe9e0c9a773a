"""Needs assessments and reviews: instruments (named, versioned sets of questions with scales), each
pathway's status and score, and distance travelled."""
