// Runtime: DOM. Entry point: pick the transport, set up i18n, render the till — or the customer display (客显).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { DISPLAY_VIEW } from '../shared/api/display';
import { CustomerDisplayScreen } from './screens/CustomerDisplayScreen';
import { PosProvider } from './state/pos';
import { createPosClient } from './transport';

const client = createPosClient();
const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <PosProvider client={client}>
      {/* ?view=display: the customer display's page (its connection can only read the display state) */}
      {new URLSearchParams(window.location.search).get('view') === DISPLAY_VIEW ? <CustomerDisplayScreen /> : <App />}
    </PosProvider>
  </StrictMode>,
);
