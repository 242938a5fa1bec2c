import { createClient } from '@tangram/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GlobalStyles } from './components/global-styles';
import { createRouter } from './core/router';
import { createSessionStore } from './core/session-store';
import { createI18n } from './i18n/i18n';
import { AppProviders } from './react/providers';
import { RuntimeShell } from './react/runtime-shell';

const i18n = createI18n();
// Validation messages come back in the language on screen.
const client = createClient({ language: () => i18n.language });
const services = { client, session: createSessionStore(client), router: createRouter('/').store };

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <AppProviders i18n={i18n} services={services}>
      <GlobalStyles />
      <RuntimeShell />
    </AppProviders>
  </StrictMode>,
);
