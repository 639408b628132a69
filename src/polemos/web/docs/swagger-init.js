// Swagger UI over this server's OpenAPI document (a file, not an inline script: the page's policy allows none).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  validatorUrl: null,     // no badge fetched from validator.swagger.io
});
