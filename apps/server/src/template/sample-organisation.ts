/**
 * The template's sales organisation, created with the sample data on first start so the sample
 * app's lead rules have people to assign to: regional teams by department code (east_team,
 * north_team, south_team, finance_team under sales), the web_leads team for website leads in turn,
 * the lead_pool team for regions no team covers, zhao.lei for key referrals, and ma.jun, the sales
 * director who manages the sales department (so reminders reach a rep's manager). The reps hold
 * the sales_rep role of the app, the director sales_manager; nobody has a password (an
 * administrator sets one to log in as them). The org chart gives the quote approval its
 * approvers: each regional team's first rep manages it (王伟 the east team, 孙丽 the north, 周敏
 * the south, 何军 the finance group) and 马骏 manages 销售部, so a rep's manager approves a discount
 * over 15 % and the director one over 30 %.
 *
 * @example
 * await createSampleOrganisation(identity.directory, 'lead_opportunity');
 */
import type { Directory } from '@pipewright/runtime';

const departments = [
  { code: 'east_team', name: '华东团队' },
  { code: 'north_team', name: '华北团队' },
  { code: 'south_team', name: '华南团队' },
  { code: 'finance_team', name: '金融行业组' },
] as const;

/** Who manages each regional team (by login); the director ma.jun manages `sales`, their parent. */
const managers: Record<string, string> = { east_team: 'wang.wei', north_team: 'sun.li', south_team: 'zhou.min', finance_team: 'he.jun' };

const reps: { login: string; name: string; department?: (typeof departments)[number]['code']; team?: 'web_leads' | 'lead_pool' }[] = [
  { login: 'li.na', name: '李娜', department: 'east_team' },
  { login: 'wang.wei', name: '王伟', department: 'east_team' },
  { login: 'sun.li', name: '孙丽', department: 'north_team' },
  { login: 'qian.fang', name: '钱芳', department: 'north_team' },
  { login: 'zhou.min', name: '周敏', department: 'south_team' },
  { login: 'he.jun', name: '何军', department: 'finance_team' },
  { login: 'liu.yang', name: '刘洋', team: 'web_leads' },
  { login: 'chen.jing', name: '陈静', team: 'web_leads' },
  { login: 'xu.tao', name: '徐涛', team: 'web_leads' },
  { login: 'lin.feng', name: '林峰', team: 'lead_pool' },
  { login: 'zhao.lei', name: '赵磊' },
];

/** Creates the organisation unless its users exist already; answers how many reps it created. */
export async function createSampleOrganisation(directory: Directory, app: string): Promise<number> {
  if ((await directory.findUserId(reps[0]!.login)) !== undefined) return 0;
  const sales = await directory.createDepartment({ name: '销售部', code: 'sales' });
  const departmentIds = new Map<string, number>();
  for (const d of departments) departmentIds.set(d.code, (await directory.createDepartment({ name: d.name, code: d.code, parentId: sales.id })).id);
  const members = new Map<string, number[]>([
    ['web_leads', []],
    ['lead_pool', []],
  ]);
  const userIds = new Map<string, number>();
  for (const rep of reps) {
    const user = await directory.createUser({ login: rep.login, name: rep.name, departmentId: rep.department ? departmentIds.get(rep.department)! : sales.id });
    await directory.setRoles(user.id, app, ['sales_rep']);
    if (rep.team) members.get(rep.team)!.push(user.id);
    userIds.set(rep.login, user.id);
  }
  for (const [code, login] of Object.entries(managers)) await directory.updateDepartment(departmentIds.get(code)!, { managerId: userIds.get(login)! });
  // The sales director manages the sales department, so every rep has a manager to remind.
  const director = await directory.createUser({ login: 'ma.jun', name: '马骏', departmentId: sales.id });
  await directory.setRoles(director.id, app, ['sales_manager']);
  await directory.updateDepartment(sales.id, { managerId: director.id });
  await directory.createTeam({ name: '官网线索组', code: 'web_leads', memberIds: members.get('web_leads')! });
  await directory.createTeam({ name: '公共线索池', code: 'lead_pool', memberIds: members.get('lead_pool')! });
  return reps.length + 1;
}
