"""Use cases that combine the V1 client and the local store."""
