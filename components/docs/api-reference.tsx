/** A browsable rendering of the OpenAPI document (the same one served at /api/v1/openapi.json). */
type TSchema = { type?: string | string[]; properties?: Record<string, TSchema>; items?: TSchema; enum?: unknown[]; required?: string[]; description?: string; format?: string; anyOf?: TSchema[] };
type TOperation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: TSchema; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: TSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: TSchema }> }>;
};
type TDocument = { info: { title: string; description?: string; version: string }; servers?: { url: string }[]; paths: Record<string, Record<string, TOperation>> };

function typeOf(s: TSchema | undefined): string {
  if (!s) return "any";
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  if (s.type === "object" && s.properties) return "object";
  return [s.type, s.format].filter(Boolean).join(" ") || "any";
}

function SchemaFields({ schema }: { schema?: TSchema }) {
  const target = schema?.type === "array" ? schema.items : schema;
  if (!target?.properties) return <code className="text-xs">{typeOf(schema)}</code>;
  return (
    <ul className="space-y-0.5 text-xs">
      {Object.entries(target.properties).map(([name, s]) => (
        <li key={name}>
          <code className="font-semibold">{name}</code>
          {target.required?.includes(name) ? <span className="text-red-600">*</span> : null} <span className="text-slate-500">{typeOf(s)}</span>
          {s.description ? <span className="text-slate-500"> — {s.description}</span> : null}
        </li>
      ))}
    </ul>
  );
}

const METHOD_COLOURS: Record<string, string> = { get: "bg-emerald-100 text-emerald-800", post: "bg-brand-100 text-brand-700", patch: "bg-amber-100 text-amber-800", put: "bg-amber-100 text-amber-800", delete: "bg-red-100 text-red-800" };

export function ApiReference({ document }: { document: TDocument }) {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return (
    <main className="mx-auto max-w-5xl px-6 py-10">
      <h1 className="text-2xl font-semibold">{document.info.title}</h1>
      <p className="mt-1 text-sm text-slate-500">
        Version {document.info.version} · Base URL <code>{document.servers?.[0]?.url}</code> · Machine-readable: <a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">openapi.json</a>
      </p>
      {document.info.description ? <p className="mt-3 max-w-3xl text-sm text-slate-700">{document.info.description}</p> : null}
      <div className="mt-8 space-y-4">
        {operations.map(({ path, method, op }) => {
          const body = op.requestBody?.content?.["application/json"]?.schema;
          const ok = op.responses?.["200"]?.content?.["application/json"]?.schema;
          return (
            <section key={`${method} ${path}`} className="rounded-lg border border-slate-200 bg-white p-4" id={`${method}-${path}`}>
              <div className="flex items-center gap-3">
                <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_COLOURS[method] ?? ""}`}>{method}</span>
                <code className="text-sm font-medium">{path}</code>
                <span className="text-sm text-slate-500">{op.summary}</span>
              </div>
              <div className="mt-3 grid gap-4 md:grid-cols-2">
                <div>
                  <div className="mb-1 text-xs font-semibold uppercase text-slate-500">Input</div>
                  {op.parameters?.length ? (
                    <ul className="space-y-0.5 text-xs">
                      {op.parameters.map((p) => (
                        <li key={`${p.in}-${p.name}`}>
                          <code className="font-semibold">{p.name}</code>
                          {p.required ? <span className="text-red-600">*</span> : null} <span className="text-slate-500">({p.in}) {typeOf(p.schema)}</span>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {body ? <SchemaFields schema={body} /> : null}
                  {!body && !op.parameters?.length ? <span className="text-xs text-slate-400">none</span> : null}
                </div>
                <div>
                  <div className="mb-1 text-xs font-semibold uppercase text-slate-500">Response 200</div>
                  <SchemaFields schema={ok} />
                </div>
              </div>
            </section>
          );
        })}
      </div>
    </main>
  );
}
