// The texts of the Team accounts and My account sections in Portuguese.

import type { AccountsTexts } from "./accounts.en.js";

/** Os textos das secções Contas da equipa e A minha conta. */
export const accountsPt: AccountsTexts = {
  title: "Contas da equipa",
  intro:
    "Todas as pessoas que entram nesta aplicação com o seu e-mail e palavra-passe. Convide alguém, mude o que pode fazer ou desative o acesso.",
  users: "Utilizadores da equipa",
  name: "Nome",
  email: "E-mail",
  role: "Função",
  roles: { manager: "Gestão", front_desk: "Receção", provider: "Terapeuta" },
  calendars: "Agendas",
  allCalendars: "Todas",
  status: "Estado",
  active: "Ativo",
  invited: "Convidado",
  deactivated: "Desativado",
  twoFactor: "Dois fatores",
  on: "Ligado",
  off: "Desligado",
  edit: "Alterar",
  actions: "Ações",
  change: (name) => `Alterar ${name}`,
  reinvite: (name) => `Nova ligação de convite para ${name}`,
  deactivate: (name) => `Desativar ${name}`,
  reactivate: (name) => `Reativar ${name}`,
  inviteTitle: "Convidar alguém",
  inviteIntro:
    "A pessoa recebe um e-mail com uma ligação para definir a palavra-passe; a ligação só funciona uma vez.",
  calendarsHint: "Um terapeuta só vê as agendas aqui marcadas.",
  send: "Enviar convite",
  invitedNotice: (name) => `${name} foi convidado.`,
  linkTitle: "Ligação de convite",
  linkIntro: (until) =>
    `Se a clínica não envia e-mails, entregue-lhe esta ligação. Funciona uma vez, até ${until}.`,
  copy: "Copiar a ligação",
  copied: "Ligação copiada.",
  editTitle: (name) => `Alterar ${name}`,
  save: "Guardar",
  cancel: "Cancelar",
  saved: (name) => `${name} foi guardado.`,
  deactivatedNotice: (name) =>
    `${name} foi desativado: já não pode entrar e as suas sessões terminaram.`,
  reactivatedNotice: (name) => `${name} pode voltar a entrar.`,
  loading: "A carregar…",
  accountTitle: "A minha conta",
  signedInAs: (name, email, role) => `Sessão iniciada como ${name} (${email}), ${role}.`,
  notAUser:
    "Entrou com uma chave de API, não com uma conta da equipa: não há palavra-passe nem dois fatores para gerir aqui.",
  password: "Palavra-passe",
  currentPassword: "Palavra-passe atual",
  newPassword: "Nova palavra-passe",
  changePassword: "Mudar a palavra-passe",
  passwordChanged: "A palavra-passe foi mudada. As suas outras sessões terminaram; esta continua.",
  totpTitle: "Entrada com dois fatores",
  totpOff:
    "Desligada. Ligue-a para lhe ser pedido um código da aplicação de autenticação depois da palavra-passe.",
  totpOn: (left) => `Ligada. Códigos de recuperação restantes: ${left}.`,
  enrol: "Ligar dois fatores",
  enrolIntro:
    "Adicione esta conta à sua aplicação de autenticação: abra a ligação de configuração no telemóvel ou escreva o segredo. Depois introduza o código que a aplicação mostra.",
  uri: "Ligação de configuração (otpauth)",
  secret: "Segredo",
  code: "Código da aplicação",
  confirm: "Confirmar e ligar",
  totpEnabled: "A entrada com dois fatores está ligada.",
  backupTitle: "Códigos de recuperação",
  backupIntro:
    "Guarde estes códigos num lugar seguro: cada um funciona uma vez, em vez de um código do telemóvel. Só são mostrados agora.",
  disable: "Desligar dois fatores",
  yourPassword: "A sua palavra-passe",
  totpDisabled: "A entrada com dois fatores está desligada.",
  sessionsTitle: "Sessões",
  sessionsIntro:
    "Entrou num dispositivo partilhado ou perdido? Termine todas as sessões da sua conta, incluindo esta.",
  everywhere: "Sair em todo o lado",
  refused: (detail) => `Não aceite: ${detail}`,
  codes: {
    INVALID_CREDENTIALS: "A palavra-passe está errada.",
    INVALID_CODE: "Esse código não é válido. Confirme a hora do telemóvel e tente um código novo.",
    RATE_LIMITED: "Demasiadas tentativas. Tente de novo mais tarde.",
    EMAIL_TAKEN: "Outro utilizador da equipa já tem este e-mail.",
    LAST_MANAGER: "A clínica tem de manter um gestor ativo.",
    NETWORK:
      "Não foi possível contactar o servidor da clínica. Verifique a ligação e tente de novo.",
  },
};
