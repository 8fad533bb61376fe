"""An offline emulator of the PortOne V1 REST API with NHN KCP rules, served over loopback HTTP."""
