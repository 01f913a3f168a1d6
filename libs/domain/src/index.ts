import { leadUpcasters } from './lead';
import { createUpcast } from './shared';

/** Lifts any stored event of an older version to the current shape of its type. */
export const upcastEvent = createUpcast([...leadUpcasters]);
