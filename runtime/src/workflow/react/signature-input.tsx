import type { AppDefinition } from '@tangram/client';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { useMemo, useState } from 'react';
import { createFormStore } from '../../form/core/form-store';
import { FormEnvContext, type FormEnv } from '../../form/react/form-context';
import { formTexts } from '../../form/form-texts';
import { createWidgetRegistry } from '../../form/widgets';
import { useClient } from '../../react/context';

const FIELD = {
  id: 'signature',
  type: 'signature',
  label: { 'zh-CN': '签名', en: 'Signature' },
} as FieldDefinition;
const FORM = {
  id: 'workflow-signature',
  name: FIELD.label,
  fields: [FIELD],
  layout: [],
} as unknown as FormDefinition;

/**
 * The form's signature widget outside a form: draws on a pad and uploads the PNG through the files
 * API, reporting the file id. The widget reads the client and its texts from a form environment,
 * so a one-field environment is provided here instead of duplicating the pad.
 */
export function SignatureInput({
  app,
  lang,
  onChange,
}: {
  app: AppDefinition;
  lang: string;
  onChange(fileId: string | undefined): void;
}) {
  const client = useClient();
  const [value, setValue] = useState<unknown>(null);
  const env = useMemo<FormEnv>(
    () => ({
      store: createFormStore(FORM, {
        mode: 'create',
        env: { now: () => new Date(), timeZone: 'UTC', user: { id: '', name: '', departments: [] } },
        query: { now: new Date(), timeZone: 'UTC', userId: '', userDepartmentIds: [] },
      }),
      app,
      formId: FORM.id,
      client,
      lang,
      texts: formTexts(lang),
      readOnly: false,
      widgets: createWidgetRegistry(),
    }),
    [app, client, lang],
  );
  const Signature = env.widgets.signature;
  return (
    <FormEnvContext.Provider value={env}>
      <div data-testid="workflow-signature">
        <Signature
          field={FIELD as never}
          id="workflow-signature"
          value={value}
          disabled={false}
          invalid={false}
          onChange={(v) => {
            setValue(v);
            onChange(v && typeof v === 'object' ? (v as { fileId: string }).fileId : undefined);
          }}
        />
      </div>
    </FormEnvContext.Provider>
  );
}
