// YAMLValue module.
