"""The PortOne V1 ("i'mport") REST client: wire models, token cache, typed errors."""
