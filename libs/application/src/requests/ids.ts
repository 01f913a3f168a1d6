/** A record id as callers may choose it: what paths, bodies and import rows accept. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
