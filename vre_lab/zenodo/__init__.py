"""Publishing: Zenodo and any InvenioRDM, or an RO-Crate export into the workspace."""
