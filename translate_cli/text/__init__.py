"""Text rules for Arabic and English: the matching form, script classes, segmentation."""
