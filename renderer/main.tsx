// Runtime: DOM. Entry point: pick the transport, set up i18n, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { PosProvider } from './state/pos';
import { createPosClient } from './transport';

const client = createPosClient();
const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <PosProvider client={client}>
      <App />
    </PosProvider>
  </StrictMode>,
);
