"""kcp-pos: a keyed-entry payment terminal for PortOne V1 (i'mport) with NHN KCP."""

__version__ = "0.1.0"
