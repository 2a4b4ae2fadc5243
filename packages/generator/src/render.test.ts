// Template rendering: placeholders in every case and conditional lines.
import { describe, expect, it } from 'vitest';
import { namePlaceholders, renderTemplate } from './render.js';

describe('renderTemplate', () => {
  it('replaces every form of a name', () => {
    const placeholders = namePlaceholders('name', 'acme-cloud');
    expect(renderTemplate('__name__ __Name__ __name_camel__ $__NAME___TOKEN src/__name__-to-file.ts', placeholders)).toBe('acme-cloud AcmeCloud acmeCloud $ACME_CLOUD_TOKEN src/acme-cloud-to-file.ts');
  });

  it('keeps conditional lines only for set flags, without the marker', () => {
    const text = 'a\n- from <!-- if:source -->\n- to <!-- if:target -->\nb';
    expect(renderTemplate(text, {}, new Set(['target']))).toBe('a\n- to\nb');
    expect(renderTemplate(text, {}, new Set(['source', 'target']))).toBe('a\n- from\n- to\nb');
  });
});
