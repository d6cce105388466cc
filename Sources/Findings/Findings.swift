// Findings module.
