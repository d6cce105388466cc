// Beat module.
