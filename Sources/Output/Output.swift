// Output module.
