import { pickText } from '@tangram/runtime';
import type { I18NText } from '@tangram/schema';
import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchOptions } from '../../core/document-store';
import type { AggregateCommand } from '../core/commands';
import { useAggregateStore } from '../store/context';

/** Dispatches a command; a refused one (e.g. more keys than allowed) is said, not swallowed. */
export function useEdit() {
  const store = useAggregateStore();
  const { message } = App.useApp();
  const { t } = useTranslation('aggregates');
  return useCallback(
    (cmd: AggregateCommand, options?: DispatchOptions) => {
      const result = store.getState().dispatch(cmd, options);
      if (!result.ok) void message.error(t('commandFailed', { message: result.error.message }));
    },
    [store, message, t],
  );
}

/**
 * A name typed in the UI language replaces that language's text; an emptied one falls back to the
 * other language, and a name keeps some text (null: nothing left, ignore the keystroke).
 */
export function withText(name: I18NText, lang: string, text: string): I18NText | null {
  const key = lang.startsWith('en') ? 'en' : 'zh-CN';
  const next: I18NText = { ...name, [key]: text };
  if (!text.trim()) delete next[key];
  return Object.keys(next).length ? next : null;
}

/** The text an input shows for a name in the UI language (the other language until typed). */
export const textIn = (name: I18NText | undefined, lang: string) =>
  name?.[lang.startsWith('en') ? 'en' : 'zh-CN'] ?? pickText(name ?? {}, lang);
