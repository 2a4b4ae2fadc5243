import { html, raw } from 'hono/html';
import { describe, expect, it } from 'vitest';
import { safeUrl } from './html.js';

describe('html', () => {
  it('escapes interpolated values (hono/html) and keeps nested html and raw', async () => {
    const name = '<img src=x onerror="alert(1)">';
    const inner = html`<b>${name}</b>`;
    const page = html`<p title="${`"'&`}">${inner}${[1, ' & ', null, undefined, false, html`<i>ok</i>`]}${raw('<br>')}</p>`;
    expect(String(await page)).toBe('<p title="&quot;&#39;&amp;"><b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</b>1 &amp; <i>ok</i><br></p>');
    expect(String(await html`${0}`)).toBe('0');
    // Attribute values are always quoted in the dashboard's templates, so a quote is the only way out of one.
    expect(String(await html`<a title="${'" onmouseover="alert(1)'}">`)).toBe('<a title="&quot; onmouseover=&quot;alert(1)">');
  });

  it('only lets http(s) URLs into links', () => {
    expect(safeUrl('https://x.example/a?b=1')).toBe('https://x.example/a?b=1');
    expect(safeUrl('http://x.example')).toBe('http://x.example/');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeUrl('/relative')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });
});
