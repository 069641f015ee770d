import { defineConfig } from 'vite';

// A fixed port, because the IdP only sends the browser back to a redirect URI it knows
// (npm run stack -- --redirect-uri http://localhost:5174/).
export default defineConfig({
  server: { port: 5174, strictPort: true },
  preview: { port: 5174, strictPort: true },
});
