/**
 * Icons that metadata may name (`"icon": "bank"`), from @ant-design/icons' outlined set. Only
 * these are bundled; an unknown name shows the generic one.
 */
import {
  AimOutlined,
  ApiOutlined,
  AppstoreOutlined,
  ApartmentOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ContactsOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FundOutlined,
  KeyOutlined,
  LineChartOutlined,
  PieChartOutlined,
  ProfileOutlined,
  QuestionCircleOutlined,
  RiseOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';

const icons: Record<string, ComponentType> = {
  aim: AimOutlined,
  api: ApiOutlined,
  apartment: ApartmentOutlined,
  appstore: AppstoreOutlined,
  bank: BankOutlined,
  'bar-chart': BarChartOutlined,
  calendar: CalendarOutlined,
  contacts: ContactsOutlined,
  dashboard: DashboardOutlined,
  'file-text': FileTextOutlined,
  fund: FundOutlined,
  key: KeyOutlined,
  'line-chart': LineChartOutlined,
  'pie-chart': PieChartOutlined,
  profile: ProfileOutlined,
  'question-circle': QuestionCircleOutlined,
  rise: RiseOutlined,
  shop: ShopOutlined,
  'shopping-cart': ShoppingCartOutlined,
  team: TeamOutlined,
  user: UserOutlined,
  wallet: WalletOutlined,
};

/** The icon a metadata document names; a list icon for an unknown name, nothing for none. */
export function MetadataIcon({ name }: { name: string | undefined }) {
  if (!name) return null;
  const Icon = icons[name] ?? UnorderedListOutlined;
  return <Icon />;
}
