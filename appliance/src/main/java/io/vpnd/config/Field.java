package io.vpnd.config;

/**
 * A value read from one key, with where it was written, so that checks between keys can point
 * at the right line.
 *
 * @param value the parsed value, or the default when absent or unusable
 * @param ok    false when the key was required and missing or its value did not parse (already
 *              reported): checks that depend on it should stay quiet
 * @param given true when the key is in the file
 * @param mark  where the value is written (or the enclosing block's key when absent)
 * @param path  the dotted key path
 */
record Field<T>(T value, boolean ok, boolean given, Mark mark, String path) { }
