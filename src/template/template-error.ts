// A mistake in a template, told in one line: the file, where in it (resource and property), the
// rule it breaks and the fix. The serve command prints it and stops; nothing was started.

export interface TemplatePlace {
  file: string;
  /** The resource's logical id, or a top-level section such as Parameters. */
  resource?: string;
  /** The property path inside the resource, e.g. Properties.CodeUri or Environment.Variables.TABLE. */
  property?: string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
  readonly place: TemplatePlace;

  /** `options.cause`: the service's own refusal behind it (a MappingError with Lambda's error type). */
  constructor(place: TemplatePlace, rule: string, options?: ErrorOptions) {
    const where = [place.resource, place.property].filter(Boolean).join(' ');
    super(`${place.file}${where ? `: ${where}` : ''}: ${rule}`, options);
    this.place = place;
  }
}
