import { Button, Result, Spin, Typography } from 'antd';
import { isApiError, type AppDefinition, type PublicFormView } from '@tangram/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/language-switch';
import { pickText } from '../core/i18n-text';
import { FormRenderer } from '../form';
import { useServices } from '../react/context';
import { solveProof, type Proof } from './proof-of-work';

/** Why a link cannot be filled in: each has its own page. */
type Closed = 'notFound' | 'closed' | 'expired' | 'full';

const CLOSED_BY_CODE: Record<string, Closed> = {
  public_form_not_found: 'notFound',
  public_form_closed: 'closed',
  public_form_expired: 'expired',
  public_form_full: 'full',
};

function closedOf(error: unknown): Closed | null {
  if (!isApiError(error)) return null;
  return CLOSED_BY_CODE[error.code] ?? (error.status === 404 ? 'notFound' : null);
}

type State =
  | { kind: 'loading' }
  | { kind: 'error'; error: Error }
  | { kind: 'closed'; reason: Closed }
  | { kind: 'form'; view: PublicFormView }
  | { kind: 'thanks'; view: PublicFormView; message: string | null };

/**
 * `/p/<token>`: a form published by a public link, for visitors without an account (decision 0047).
 * No app shell, nothing but the form; the bot check's proof of work is solved in the background
 * while the visitor types.
 */
export function PublicFormPage({ token }: { token: string }) {
  const { client } = useServices();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  const proof = useRef<Promise<Proof> | null>(null);

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const view = await client.publicForms.open(token);
      setState({ kind: 'form', view });
    } catch (e) {
      const reason = closedOf(e);
      setState(reason ? { kind: 'closed', reason } : { kind: 'error', error: e as Error });
    }
  }, [client, token]);

  useEffect(() => {
    void load();
  }, [load]);

  const view = state.kind === 'form' ? state.view : null;
  useEffect(() => {
    if (!view) return;
    const abort = new AbortController();
    const solving = solveProof(view.botCheck.linkId, view.botCheck.difficulty, abort.signal);
    solving.catch(() => undefined);
    proof.current = solving;
    return () => abort.abort();
  }, [view, round]);

  const onSubmit = async (data: Record<string, unknown>) => {
    if (!view || !proof.current) return;
    try {
      const answer = await client.publicForms.submit(token, {
        data,
        proof: await proof.current,
        website: honeypot(),
      });
      setState({ kind: 'thanks', view, message: answer.thankYou });
    } catch (e) {
      const reason = closedOf(e);
      if (reason) return setState({ kind: 'closed', reason });
      // A proof is good for one submission: a refused one needs a fresh proof for the retry.
      setRound((r) => r + 1);
      if (isApiError(e) && e.status === 429) {
        const seconds = (e.rawDetails as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60;
        throw new Error(t('publicForm.tooMany', { seconds }));
      }
      throw e;
    }
  };

  const title = view
    ? view.title || pickText(view.form.name, lang)
    : state.kind === 'thanks'
      ? state.view.title || pickText(state.view.form.name, lang)
      : '';

  return (
    <div className="tg-public-form" data-testid="public-form-page" style={PAGE}>
      <div style={TOP}>
        <LanguageSwitch />
      </div>
      <main style={CARD}>
        {state.kind === 'loading' ? (
          <div style={{ textAlign: 'center', padding: 48 }}>
            <Spin size="large" />
          </div>
        ) : state.kind === 'error' ? (
          <Result
            status="warning"
            title={t('errors.loadFailed')}
            subTitle={
              isApiError(state.error) && state.error.status === 0 ? t('errors.network') : state.error.message
            }
            extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>}
          />
        ) : state.kind === 'closed' ? (
          <Result
            status={state.reason === 'notFound' ? '404' : 'info'}
            title={t(`publicForm.${state.reason}Title`)}
            subTitle={t(`publicForm.${state.reason}`)}
            data-testid={`public-form-${state.reason}`}
          />
        ) : state.kind === 'thanks' ? (
          <Result
            status="success"
            title={t('publicForm.thanksTitle')}
            subTitle={state.message || t('publicForm.thanksDefault')}
            data-testid="public-form-thanks"
            extra={
              <Button
                onClick={() => {
                  setRound((r) => r + 1);
                  setState({ kind: 'form', view: state.view });
                }}
              >
                {t('publicForm.again')}
              </Button>
            }
          />
        ) : (
          <>
            <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="public-form-title">
              {title}
            </Typography.Title>
            {state.view.description ? (
              <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                {state.view.description}
              </Typography.Paragraph>
            ) : null}
            {/* The honeypot: hidden from people and screen readers, filled by naive bots. */}
            <input
              id="tg-public-website"
              name="website"
              tabIndex={-1}
              autoComplete="off"
              aria-hidden="true"
              style={HONEYPOT}
            />
            <FormRenderer
              key={`${lang}:${round}`}
              app={appOf(state.view)}
              form={state.view.form}
              mode="create"
              client={null}
              submitText={t('publicForm.submit')}
              onSubmit={onSubmit}
            />
          </>
        )}
      </main>
      <footer style={FOOTER}>{t('publicForm.poweredBy')}</footer>
    </div>
  );
}

const honeypot = (): string =>
  (document.getElementById('tg-public-website') as HTMLInputElement | null)?.value ?? '';

/** The renderer's app: just this form (no relations or lookups are ever on a public link). */
const appOf = (view: PublicFormView): AppDefinition =>
  ({
    id: view.app.id,
    name: view.app.name,
    formatVersion: 2,
    forms: [view.form],
  }) as unknown as AppDefinition;

const PAGE = { minHeight: '100vh', background: '#f5f6f8', padding: '12px 12px 24px' } as const;
const TOP = { maxWidth: 680, margin: '0 auto', display: 'flex', justifyContent: 'flex-end' } as const;
const CARD = {
  maxWidth: 680,
  margin: '4px auto 0',
  background: '#fff',
  borderRadius: 8,
  padding: '20px 16px',
  boxShadow: '0 1px 3px rgba(0,0,0,0.08)',
} as const;
const FOOTER = { textAlign: 'center', color: '#999', fontSize: 12, marginTop: 16 } as const;
const HONEYPOT = { position: 'absolute', left: -10000, width: 1, height: 1, opacity: 0 } as const;
