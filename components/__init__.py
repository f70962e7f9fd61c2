"""Layout functions (options in, components out) and pure figure builders."""
