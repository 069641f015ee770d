import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readConfig } from './config';

const root = createRoot(document.getElementById('root')!);
try {
  const config = readConfig();
  root.render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
} catch (e) {
  root.render(<p role="alert">{(e as Error).message}</p>);
}
