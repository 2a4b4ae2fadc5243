/** One __model__ record of __Name__. Add the fields the system has; keep the identifiers stable. */
export interface __Model__ {
  /** Name (identifier). */
  name: string;
  /** Free text; replace with the real attributes. */
  description: string;
}

/** The __model__ model. */
export const __model_camel__ = defineModel<__Model__>()({ name: '__model__', identifiers: ['name'], attributes: ['description'] });
