// swagger-ui-dist ships no types; the part the API reference page uses.
declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  interface SwaggerUIOptions {
    spec: Record<string, unknown>;
    domNode: HTMLElement;
    deepLinking?: boolean;
    tryItOutEnabled?: boolean;
    persistAuthorization?: boolean;
    withCredentials?: boolean;
    defaultModelsExpandDepth?: number;
    requestInterceptor?: (request: { headers: Record<string, string> }) => unknown;
  }
  const SwaggerUIBundle: (options: SwaggerUIOptions) => unknown;
  export default SwaggerUIBundle;
}
declare module 'swagger-ui-dist/swagger-ui.css';
