import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Link } from '../lib/router.js';
import { Empty } from '../components/ui.js';

export function NotFound() {
  return html`<div class="page"><${Empty} icon="explore">${t('notFound.text')} <${Link} href="/">${t('notFound.home')}<//><//></div>`;
}
