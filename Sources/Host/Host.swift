// Host module.
