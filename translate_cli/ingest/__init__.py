"""Getting articles in: download, extraction, segmentation, saving."""
