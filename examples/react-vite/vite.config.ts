import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A fixed port, because the IdP only sends the browser back to a redirect URI it knows
// (npm run stack -- --redirect-uri http://localhost:5175/).
export default defineConfig({
  plugins: [react()],
  server: { port: 5175, strictPort: true },
  preview: { port: 5175, strictPort: true },
});
