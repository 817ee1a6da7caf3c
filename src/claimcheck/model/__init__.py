"""Records and closed vocabularies shared by every stage of the pipeline (no behaviour here)."""
