import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeUrl, unsafeRaw } from './html.js';

describe('html', () => {
  it('escapes interpolated values and keeps safe HTML', () => {
    const name = '<img src=x onerror="alert(1)">';
    const inner = html`<b>${name}</b>`;
    expect(html`<p title="${`"'&`}">${inner}${[1, ' & ', null, undefined, false, html`<i>ok</i>`]}</p>`.value).toBe(
      '<p title="&quot;&#39;&amp;"><b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</b>1 &amp; <i>ok</i></p>',
    );
    expect(escapeHtml('`')).toBe('&#96;');
    expect(unsafeRaw('<br>').value).toBe('<br>');
    expect(String(html`${0}`)).toBe('0');
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
