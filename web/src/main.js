import { render } from 'preact';
import { html } from './lib/html.js';
import { App } from './App.js';
import { getLang, setLang } from './lib/i18n.js';
import { set } from './lib/store.js';
import './styles.css';

setLang(getLang(), false);
set({ lang: getLang() });
render(html`<${App} />`, document.getElementById('app'));
