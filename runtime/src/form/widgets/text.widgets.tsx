import { BoldOutlined, ItalicOutlined, LinkOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Input, Space, Tooltip } from 'antd';
import DOMPurify from 'dompurify';
import { DEFAULT_COUNTRY, phoneExample } from '@tangram/fields';
import { useContext, useEffect, useRef } from 'react';
import { ServicesContext } from '../../react/context';
import { useFormEnv } from '../react/form-context';
import type { WidgetProps } from './widget';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const orNull = (v: string) => (v === '' ? null : v);

export function TextWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'text'>) {
  return (
    <Input
      id={id}
      value={text(value)}
      maxLength={field.config?.maxLength}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(e) => onChange(orNull(e.target.value))}
    />
  );
}

export function TextareaWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'textarea'>) {
  return (
    <Input.TextArea
      id={id}
      value={text(value)}
      rows={field.config?.rows ?? 3}
      maxLength={field.config?.maxLength}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(e) => onChange(orNull(e.target.value))}
    />
  );
}

interface TypedInputProps {
  type: 'tel' | 'email' | 'url';
  placeholder: string;
  value: unknown;
  onChange(value: unknown): void;
  id: string;
  disabled?: boolean;
  invalid?: boolean;
}

function TypedInput({ type, placeholder, value, onChange, id, disabled, invalid }: TypedInputProps) {
  return (
    <Input
      id={id}
      type={type}
      inputMode={type}
      placeholder={placeholder}
      value={text(value)}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(e) => onChange(orNull(e.target.value.trim() === '' ? '' : e.target.value))}
    />
  );
}

function typedInput<T extends 'email' | 'url'>(type: 'email' | 'url', placeholder: string) {
  return function TypedWidget({ value, onChange, id, disabled, invalid }: WidgetProps<T>) {
    return (
      <TypedInput
        type={type}
        placeholder={placeholder}
        value={value}
        onChange={onChange}
        id={id}
        disabled={disabled}
        invalid={invalid}
      />
    );
  };
}

/**
 * A phone number as people write it. The placeholder is an example of the organisation's country,
 * whose numbering plan the number is checked against when the form is submitted (and by the server).
 */
export function PhoneWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'phone'>) {
  const services = useContext(ServicesContext);
  const country = services?.session.getState().session?.org.country ?? DEFAULT_COUNTRY;
  const example = field.config?.anyFormat ? null : phoneExample(country);
  return (
    <TypedInput
      type="tel"
      placeholder={example ?? ''}
      value={value}
      onChange={onChange}
      id={id}
      disabled={disabled}
      invalid={invalid}
    />
  );
}

export const EmailWidget = typedInput<'email'>('email', 'name@example.com');
export const UrlWidget = typedInput<'url'>('url', 'https://');

/** Tags and attributes the editor produces; everything else is removed before it reaches the store. */
const SANITIZE = {
  ALLOWED_TAGS: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'div', 'span'],
  ALLOWED_ATTR: ['href', 'target', 'rel'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:)/i,
};

export const sanitizeRichText = (html: string): string => DOMPurify.sanitize(html, SANITIZE);

/** A small contenteditable editor (bold, italic, list, link); its HTML is sanitized on every change. */
export function RichtextWidget({ value, onChange, id, disabled, invalid }: WidgetProps<'richtext'>) {
  const { texts } = useFormEnv();
  const ref = useRef<HTMLDivElement>(null);
  const html = text(value);
  useEffect(() => {
    // Only write external changes: rewriting on every keystroke would move the caret.
    const el = ref.current;
    if (el && sanitizeRichText(el.innerHTML) !== html) el.innerHTML = sanitizeRichText(html);
  }, [html]);
  const emit = () => {
    const clean = sanitizeRichText(ref.current?.innerHTML ?? '');
    onChange(clean.replace(/<br\s*\/?>/g, '').trim() === '' ? null : clean);
  };
  const command = (name: string, arg?: string) => {
    ref.current?.focus();
    document.execCommand(name, false, arg);
    emit();
  };
  const tool = (title: string, icon: React.ReactNode, run: () => void) => (
    <Tooltip title={title}>
      <Button
        size="small"
        type="text"
        icon={icon}
        aria-label={title}
        disabled={disabled}
        onMouseDown={(e) => e.preventDefault()}
        onClick={run}
      />
    </Tooltip>
  );
  return (
    <div className={`tg-richtext${invalid ? ' tg-invalid' : ''}`}>
      <Space size={2} className="tg-richtext-toolbar">
        {tool(texts.bold, <BoldOutlined />, () => command('bold'))}
        {tool(texts.italic, <ItalicOutlined />, () => command('italic'))}
        {tool(texts.list, <UnorderedListOutlined />, () => command('insertUnorderedList'))}
        {tool(texts.link, <LinkOutlined />, () => {
          const url = window.prompt(texts.linkPrompt, 'https://');
          if (url && /^(https?:|mailto:)/i.test(url)) command('createLink', url);
        })}
      </Space>
      <div
        id={id}
        ref={ref}
        role="textbox"
        aria-multiline="true"
        className="tg-richtext-body"
        contentEditable={!disabled}
        suppressContentEditableWarning
        onInput={emit}
        onBlur={emit}
      />
    </div>
  );
}
