/**
 * A supertest parser that collects a binary answer (a PDF, an xlsx) into a Buffer: supertest only
 * buffers text and JSON by itself. Use as `.buffer(true).parse(binaryBody)`.
 */
export function binaryBody(
  res: { on(event: string, listener: (chunk?: Buffer) => void): void },
  done: (err: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
