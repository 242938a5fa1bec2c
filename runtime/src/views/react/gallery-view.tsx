import { PictureOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type {
  FieldDefinition,
  Filter,
  FormDefinition,
  GallerySettings,
  RecordDto,
  SortKey,
} from '@tangram/client';
import { useClient } from '../../react/context';
import type { Directory } from '../core/format-cell';
import { createPageLoader } from '../core/page-loader';
import { useKindTexts } from './kind-texts';
import { CardBody } from './record-card';
import { useViewTexts } from './texts';

const GALLERY_PAGE = 30;

/** The first image of a file field's value: `{ fileId, mime? }` items (image fields hold images only). */
export function coverFile(field: FieldDefinition | undefined, value: unknown): string | null {
  if (!field || !Array.isArray(value)) return null;
  for (const item of value as { fileId?: unknown; mime?: unknown }[]) {
    if (typeof item?.fileId !== 'string') continue;
    if (field.type === 'image' || (typeof item.mime === 'string' && item.mime.startsWith('image/')))
      return item.fileId;
  }
  return null;
}

export interface GalleryViewProps {
  appId: string;
  form: FormDefinition;
  settings: GallerySettings;
  cardFields: readonly string[];
  filter: Filter | undefined;
  sort: SortKey[];
  q: string;
  directory: Directory;
  related?: ReadonlyMap<string, FieldDefinition>;
  onOpen(record: RecordDto): void;
  reloadKey: number;
}

/** Cards with a cover image and the chosen fields, keyset-paged from the server like the grid. */
export function GalleryView(props: GalleryViewProps) {
  const { appId, form, settings, filter, sort, q } = props;
  const client = useClient();
  const { kx } = useKindTexts();
  const { tx } = useViewTexts();
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  const queryKey = JSON.stringify([filter ?? null, sort, q.trim(), props.reloadKey]);
  const loader = useMemo(() => {
    const query = {
      ...(filter ? { filter } : {}),
      ...(sort.length ? { sort } : {}),
      ...(q.trim() ? { q: q.trim() } : {}),
    };
    return createPageLoader({
      pageSize: GALLERY_PAGE,
      fetchPage: (cursor, limit) => client.records.query(ref, { ...query, cursor, limit }),
    });
    // queryKey stands for the query.
  }, [client, ref, queryKey]);
  useEffect(() => loader.reset(), [loader]);
  const page = useSyncExternalStore(loader.subscribe, loader.getState);
  const cover = form.fields?.find((f) => f.id === settings.coverField);
  if (page.error) return <Typography.Text type="danger">{page.error.message}</Typography.Text>;
  return (
    <div data-testid="gallery">
      <div className="tg-gallery">
        {page.rows.map((r) => {
          const file = coverFile(cover, r.data[settings.coverField ?? '']);
          return (
            <div
              key={r.id}
              className="tg-kcard tg-gcard"
              role="button"
              tabIndex={0}
              data-testid="gallery-card"
              onClick={() => props.onOpen(r)}
              onKeyDown={(e) => e.key === 'Enter' && props.onOpen(r)}
            >
              <CardBody
                form={form}
                record={r}
                fields={props.cardFields}
                directory={props.directory}
                {...(props.related ? { related: props.related } : {})}
                cover={
                  settings.coverField ? (
                    <div className="tg-gcover">
                      {file ? (
                        <img src={client.files.url(file)} alt="" loading="lazy" />
                      ) : (
                        <span className="tg-gcover-none" aria-label={kx.noCover}>
                          <PictureOutlined />
                        </span>
                      )}
                    </div>
                  ) : null
                }
              />
            </div>
          );
        })}
        {page.loading ? [0, 1, 2].map((i) => <Skeleton key={i} active className="tg-kcard" />) : null}
      </div>
      {page.done && page.rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx.noRecords} />
      ) : null}
      {!page.loading && !page.done && page.rows.length > 0 ? (
        <Button block type="dashed" style={{ marginTop: 12 }} onClick={() => loader.ensure(page.rows.length)}>
          {kx.loadMore}
        </Button>
      ) : null}
    </div>
  );
}
