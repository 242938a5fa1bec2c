import { useEffect, useRef } from 'react';
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';

/**
 * Swagger UI (Apache-2.0, bundled with the app, no CDN) rendering one OpenAPI document. This module
 * is only reached through a dynamic import, so its ~1.7 MB stay out of the player's main bundle.
 * Requests tried here carry the API key entered under "Authorize" and never the session cookie.
 */
export default function SwaggerView({ spec }: { spec: Record<string, unknown> }) {
  const node = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!node.current) return;
    SwaggerUIBundle({
      spec,
      domNode: node.current,
      deepLinking: false,
      tryItOutEnabled: true,
      persistAuthorization: false,
      withCredentials: false,
      defaultModelsExpandDepth: 0,
    });
  }, [spec]);
  return <div ref={node} className="tg-swagger" data-testid="api-docs-viewer" />;
}
