"""Claims before they are sent: scrubbing, the claim loader, secondary claims, rejections, ICD."""
