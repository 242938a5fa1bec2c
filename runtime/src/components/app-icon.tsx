import {
  AppstoreOutlined,
  BookOutlined,
  CalendarOutlined,
  CarOutlined,
  DatabaseOutlined,
  DollarOutlined,
  FileTextOutlined,
  HeartOutlined,
  InboxOutlined,
  ProjectOutlined,
  RocketOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SolutionOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';
import { APP_ICONS, appIconName, type AppIconName } from '../core/app-icons';

const glyphs = {
  appstore: AppstoreOutlined,
  team: TeamOutlined,
  shop: ShopOutlined,
  'shopping-cart': ShoppingCartOutlined,
  file: FileTextOutlined,
  calendar: CalendarOutlined,
  dollar: DollarOutlined,
  car: CarOutlined,
  tool: ToolOutlined,
  book: BookOutlined,
  heart: HeartOutlined,
  rocket: RocketOutlined,
  database: DatabaseOutlined,
  project: ProjectOutlined,
  customer: SolutionOutlined,
  inbox: InboxOutlined,
} satisfies Record<AppIconName, ComponentType>;

/** An app's icon on a tinted rounded tile. `icon` is the stored value; unknown names show the default. */
export function AppIcon({ icon, size = 44 }: { icon: unknown; size?: number }) {
  const name = appIconName(icon);
  const Glyph = glyphs[name];
  const color = APP_ICONS[name];
  return (
    <span
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        flex: 'none',
        borderRadius: Math.round(size * 0.27),
        background: `${color}1a`,
        color,
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        fontSize: Math.round(size * 0.5),
      }}
    >
      <Glyph />
    </span>
  );
}
