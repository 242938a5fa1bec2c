import { Button, Result, Spin } from 'antd';
import { isApiError } from '@tangram/client';
import { useTranslation } from 'react-i18next';

export function Loading() {
  return (
    <div className="tg-center">
      <Spin size="large" />
    </div>
  );
}

/** A load error with a retry button; network failures get a friendlier text. */
export function LoadError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useTranslation();
  const network = isApiError(error) && error.status === 0;
  return (
    <Result
      status="warning"
      title={t('errors.loadFailed')}
      subTitle={network ? t('errors.network') : error.message}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}
