import { TranslationOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../core/locale';

/** A compact language menu; the choice is persisted by the i18n instance. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = LANGUAGES.find((l) => l === i18n.language) ?? 'zh-CN';
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LANGUAGES.map((lang) => ({ key: lang, label: t(`language.${lang}`) })),
        onClick: ({ key }) => void i18n.changeLanguage(key),
      }}
    >
      <Button
        type="text"
        icon={<TranslationOutlined />}
        aria-label={t('language.label')}
        data-testid="language-switch"
      >
        <span className="tg-hide-xs">{t(`language.${current}`)}</span>
      </Button>
    </Dropdown>
  );
}
