// htm bound to Preact: html`<div class=${c}>${text}</div>` — tagged templates instead of JSX,
// so the build needs no JSX plugin. Interpolated strings are always escaped as text.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
