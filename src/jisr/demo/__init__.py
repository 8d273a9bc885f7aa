"""Demo activity on top of the sample mission: listings, requests, marks, a schedule."""
